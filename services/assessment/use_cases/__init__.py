"""assessment's use cases: assess (and re-assess) an enquiry, erase its inputs. They reach the outside through
the ports in `ports.py`."""
