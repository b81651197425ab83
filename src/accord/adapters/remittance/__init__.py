"""X12 835 remittance readers and the synthetic (demo and benchmark) remittance writer."""
