"""Certificate engine: signed codes and PDF rendering from plain data (no database, no web)."""

from assessments.certificates.codes import CodeError, issue_code, verify_code
from assessments.certificates.data import CertificateData
from assessments.certificates.render import render_certificate

__all__ = ["CertificateData", "CodeError", "issue_code", "render_certificate", "verify_code"]
