from focusgroup.cli import main

main()
