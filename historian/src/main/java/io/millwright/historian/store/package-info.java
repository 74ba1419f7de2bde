/**
 * The storage SPI of the historian: {@link io.millwright.historian.store.SampleStore}, implemented
 * by the embedded backend and by PostgreSQL.
 */
package io.millwright.historian.store;
