#!/usr/bin/env python
from otdel.cli import main

if __name__ == "__main__":
    main()
