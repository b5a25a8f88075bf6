"""GDPR requests (Job_MaintainGIM): forget and export a consumer's or an employee's data."""
