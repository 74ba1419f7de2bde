/**
 * The site's shift calendar: when the plant plans to produce. Weekly shift patterns with their
 * breaks, holidays and planned downtime (per machine or site-wide) are resolved against the site's
 * time zone into absolute windows, following java.time's rules across daylight-saving changes, so
 * that a night shift over the spring-forward night lasts 7 h and over the fall-back night 9 h.
 * OEE's planned production time is the sum of {@link
 * io.millwright.oee.calendar.ShiftCalendar#scheduled scheduled} windows.
 */
package io.millwright.oee.calendar;
