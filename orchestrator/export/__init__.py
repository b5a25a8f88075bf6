"""Job_ExportGIM's stage: the dimensional model's new and changed rows, chunk by chunk, into
`.zip` archives of one `.csv` per table with a metadata file, for other warehouses to load."""
