"""The newsroom: roles and their permissions, and (later) workflow, translation desk and
corrections."""
