"""Use cases: one function per action, shared by the CLI, the API and the web pages."""
