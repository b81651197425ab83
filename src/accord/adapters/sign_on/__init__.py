"""Single sign-on: the OpenID Connect provider behind ``services/sign_on_ports.py``."""

__all__: list[str] = []
