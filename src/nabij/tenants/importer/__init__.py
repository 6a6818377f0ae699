"""The VERA import: CSV files from the corporation's ERP into Nabij, all or nothing (docs/import.md).

`run_import(directory)` is the entry point (used by `manage.py import_vera` and the upload on the
"Gegevens" page). Each app registers the files it owns from its AppConfig.ready().
"""

from nabij.tenants.importer.core import file_specs, register_file, register_refs, run_import

__all__ = ["file_specs", "register_file", "register_refs", "run_import"]
