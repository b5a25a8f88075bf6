"""Range partitions of the GIDB and dimensional-model fact tables (gim-etl partitioning-*)."""
