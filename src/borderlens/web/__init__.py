"""The analyst workbench: a web application over the warehouse for officers, supervisors,
auditors and administrators (``borderlens serve``)."""
