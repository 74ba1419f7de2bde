/**
 * The connector SPI: a {@link io.millwright.connect.ConnectorFactory} per protocol turns a machine
 * definition into a {@link io.millwright.connect.Connector}, which delivers samples to a {@link
 * io.millwright.connect.MachineLink}. One subpackage per protocol; {@code host} publishes machines
 * through a Sparkplug edge node.
 */
package io.millwright.connect;
