from .e2e import main

main()
