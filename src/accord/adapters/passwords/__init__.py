"""Password hashing behind :class:`~accord.services.account_ports.PasswordHasher`."""
