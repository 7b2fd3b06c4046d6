"""Rendering: rich tables and reports for the terminal and files."""
