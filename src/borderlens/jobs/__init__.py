"""Pipeline jobs the workbench server runs inside itself, since it owns the warehouse file."""
