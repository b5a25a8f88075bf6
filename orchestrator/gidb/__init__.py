"""GIDB: the Info Mart's copies of the IDB tables, written by Job_ExtractICON."""
