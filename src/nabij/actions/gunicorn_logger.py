"""gunicorn's logger with one-tap tokens left out of the access log (`--logger-class
nabij.actions.gunicorn_logger.Logger`; see nabij.actions.log_redaction)."""

from gunicorn import glogging

from nabij.actions.log_redaction import redact

# The access-log atoms that carry the request's path (see gunicorn's access_log_format).
PATH_ATOMS = ("r", "U", "f")


class Logger(glogging.Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in PATH_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
