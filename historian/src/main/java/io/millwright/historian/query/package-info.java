/**
 * History queries built on the storage SPI: time ranges as people type them, downsampling for
 * charts, time-weighted averages, time per value of state tags, and CSV export. Everything here
 * reads the store a page at a time, so a query's memory does not grow with the range.
 */
package io.millwright.historian.query;
