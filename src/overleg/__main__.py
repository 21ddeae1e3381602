from overleg.cli import main

main()
