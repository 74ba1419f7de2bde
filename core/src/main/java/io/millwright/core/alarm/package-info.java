/**
 * Alarm definitions as the plant writes them: per machine (in the machine definition) or per tag
 * pattern (in the site's configuration). Validation happens here, once, for every source; the
 * {@code alarms} role turns them into alarms and runs their ISA-18.2 lifecycle.
 */
package io.millwright.core.alarm;
