"""``python -m tenderpack`` runs the command line."""

from .cli import main

main()
