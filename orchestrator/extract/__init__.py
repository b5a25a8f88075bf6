"""Job_ExtractICON's parts: data sources, time windows, and copying a window of one table."""
