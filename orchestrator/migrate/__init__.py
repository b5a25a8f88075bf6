"""Job_MigrateGIM's stage: which schema version the Info Mart holds, who may run on it, and the
ordered migrations that bring an older one to this release's schema."""
