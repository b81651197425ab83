"""One module per page; each page builds one model that its template and JSON twin share."""
