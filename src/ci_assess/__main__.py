"""Allow ``python -m ci_assess``."""

from ci_assess.entry import main

if __name__ == "__main__":
    main()
