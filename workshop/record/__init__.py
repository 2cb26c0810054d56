"""The summary of the improvement workshop and agreed actions, and its exporters.

``build(session, workshop_id) -> Record``; renderers in ``pdf``, ``word``, ``sheets`` (CSV, XLSX);
``backup`` exports and imports a whole workshop as JSON; ``edits`` checks ``record.update``.
The exporters are imported where used: they pull in fpdf2, python-docx and openpyxl.
"""
from .build import Action, NotFound, Record, Update, build
from .levels import RAGS, STATUSES, SUPPORT_LEVELS, support_label

__all__ = ["Action", "NotFound", "Record", "Update", "build", "RAGS", "STATUSES", "SUPPORT_LEVELS",
           "support_label"]
