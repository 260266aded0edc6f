"""What every app shares: error views, template tags for safe output, the serve command."""
