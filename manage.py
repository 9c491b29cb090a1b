#!/usr/bin/env python
"""Django's command-line utility; `dieuhanh` (the console script) does the same."""

from dieuhanh.__main__ import main

if __name__ == "__main__":
    main()
