package io.millwright.app.config;

/**
 * Where the simulated factory serves its machines ({@code simulator.*}).
 *
 * @param host address its servers listen on
 * @param opcuaPort the OPC UA server's port
 * @param modbusPort the first Modbus slave's port; the others follow
 * @param s7Port the first simulated S7 PLC's port; the others follow
 * @param sqlPort the first simulated SQL database's port; the others follow
 * @param erpPort the simulated ERP's REST port
 * @param breaks whether the machines stop for the shift breaks
 * @param seed the same seed gives the same plant history
 */
public record SimulationConfig(
    String host,
    int opcuaPort,
    int modbusPort,
    int s7Port,
    int sqlPort,
    int erpPort,
    boolean breaks,
    long seed) {}
