"""The kinds of personal data a text column may hold: the one vocabulary of the `pii` decisions
made on every text column (dbt column `meta.pii`, the IDB catalogue's `pii`)."""

from __future__ import annotations

#: A consumer's phone number or e-mail address (ANI, DNIS, addresses, contact info), whole.
CONSUMER = "consumer"
#: An attached-data (user-data) value, whole: a consumer request's `gim-attached-data` values.
ATTACHED_DATA = "attached-data"
#: What identifies one employee, whole: user name, employee ID, e-mail address.
EMPLOYEE = "employee"
#: An employee's first or last name: shared by many people, so redacted only in the rows whose
#: EMPLOYEE columns identify the employee forgotten.
EMPLOYEE_NAME = "employee-name"
#: Free text (a rejected row as JSON, a message) that may quote any value of a request.
TEXT = "text"
#: Holds no personal data: identifiers, codes, labels, configuration object names.
NONE = "none"

KINDS = (CONSUMER, ATTACHED_DATA, EMPLOYEE, EMPLOYEE_NAME, TEXT, NONE)
#: The kinds a consumer request matches, and an employee request.
CONSUMER_KINDS = (CONSUMER, ATTACHED_DATA, TEXT)
EMPLOYEE_KINDS = (EMPLOYEE, EMPLOYEE_NAME, TEXT)
