"""Readers of the tables people exchange: PDF-table text, CSV/TSV and xlsx, into plan data.

Each reader gives a grid (:mod:`.grid`); :mod:`.table` finds the layout by header words and
builds the plan data with a map from each value's JSON pointer to its cell.
"""
