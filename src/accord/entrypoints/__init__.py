"""Entry points: the CLI, the JSON API and the web pages. They parse, call a service, render."""
