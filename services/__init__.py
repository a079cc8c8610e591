"""The four services. No service imports another; they share only `shared`."""
