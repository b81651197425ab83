"""Small price files written by tests, read by the real readers."""

from __future__ import annotations

import json
from pathlib import Path


def tic_file(path: Path, payer: str, rates: list[float], code: str = "97110") -> Path:
    """A TiC in-network file (schema 2.0): one professional rate per provider group."""
    document = {
        "reporting_entity_name": payer,
        "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2026-10-01", "version": "2.0.0",
        "provider_references": [
            {"provider_group_id": i + 1, "provider_groups": [
                {"npi": [1234567893], "tin": {"type": "ein", "value": f"81-00000{i:02d}"}}]}
            for i in range(len(rates))
        ],
        "in_network": [{
            "negotiation_arrangement": "ffs", "name": "Therapeutic exercise",
            "billing_code_type": "CPT", "billing_code_type_version": "2026",
            "billing_code": code, "description": "Therapeutic exercise",
            "negotiated_rates": [
                {"provider_references": [i + 1], "negotiated_prices": [{
                    "negotiated_type": "negotiated", "negotiated_rate": rate,
                    "expiration_date": "9999-12-31", "billing_class": "professional",
                    "service_code": ["11"]}]}
                for i, rate in enumerate(rates)
            ],
        }],
    }  # fmt: skip
    path.write_text(json.dumps(document))
    return path
