"""``python -m wesley_gen`` runs the command line."""

from wesley_gen.cli import main

main()
