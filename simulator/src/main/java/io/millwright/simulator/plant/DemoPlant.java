package io.millwright.simulator.plant;

import io.millwright.core.machine.Protocol;
import java.util.List;

/**
 * The eleven machines of DEMO-PLANT.md with the protocols they speak until the "More machines"
 * issue: Modbus TCP for the presses, the laser, the washer and the CMM, OPC UA for the machining
 * cell and the moulding line.
 */
final class DemoPlant {

  /** The machine whose switch is flaky: its link drops now and then. */
  static final String FLAKY_MACHINE = "washer-01";

  /** Products the washer and the CMM see: parts of every line. */
  private static final List<String> ANY_PART =
      List.of("BRACKET-A", "BRACKET-B", "HUB-FLANGE-12", "SHAFT-20", "CLIP-COVER-3");

  private static final long S = 1_000;
  private static final long MIN = 60 * S;

  /** How much hotter cnc-02's worn spindle bearing runs every minute, degC. */
  static final double CNC_02_BEARING_WEAR_PER_MINUTE = 0.7;

  private static final int[] CENTRE_PROGRAM = {1, 4, 7, 12, 3, 9};
  private static final int[] LATHE_PROGRAM = {1, 2, 5, 8};

  private DemoPlant() {}

  static List<MachineSpec> machines() {
    return List.of(
        press(
            "press-01",
            "Hydraulic press 400 t",
            Protocol.MODBUS,
            2 * S,
            List.of("BRACKET-A", "BRACKET-B"),
            true),
        press("press-02", "Servo press", Protocol.S7, 1500, List.of("BRACKET-A"), false),
        centre("cnc-01", List.of("HUB-FLANGE-12"), 0),
        centre("cnc-02", List.of("HUB-FLANGE-12", "HUB-FLANGE-14"), CNC_02_BEARING_WEAR_PER_MINUTE),
        new MachineSpec(
            "cnc-03",
            "CNC lathe",
            "machining",
            "cell-1",
            Protocol.OPCUA,
            60 * S,
            List.of("SHAFT-20"),
            15 * MIN,
            30 * MIN,
            Disturbances.of(false, true),
            t -> new MachiningProcess(t, 2_800, 5_000, 350, LATHE_PROGRAM, 0)),
        moulding(
            "imm-01",
            "Injection moulding 250 t",
            Protocol.OPCUA,
            30 * S,
            List.of("CLIP-HOUSING-7"),
            60),
        moulding(
            "imm-02",
            "Injection moulding 250 t",
            Protocol.OPCUA,
            30 * S,
            List.of("CLIP-HOUSING-7", "CLIP-COVER-3"),
            60),
        moulding(
            "imm-03",
            "Injection moulding 150 t",
            Protocol.SQL,
            25 * S,
            List.of("CLIP-COVER-3"),
            55),
        new MachineSpec(
            "laser-01",
            "Laser cutter",
            "finishing",
            "line-3",
            Protocol.S7,
            45 * S,
            List.of("BLANK-PLATE-2"),
            5 * MIN,
            10 * MIN,
            Disturbances.of(false, false),
            LaserProcess::new),
        new MachineSpec(
            FLAKY_MACHINE,
            "Parts washer",
            "finishing",
            "line-3",
            Protocol.MODBUS,
            60 * S,
            ANY_PART,
            2 * MIN,
            5 * MIN,
            Disturbances.of(false, false),
            WasherProcess::new),
        new MachineSpec(
            "cmm-01",
            "Coordinate measuring machine",
            "quality",
            "lab",
            Protocol.FILE,
            120 * S,
            ANY_PART,
            3 * MIN,
            8 * MIN,
            Disturbances.of(false, false),
            InspectionProcess::new));
  }

  private static MachineSpec press(
      String id,
      String name,
      Protocol protocol,
      long cycle,
      List<String> products,
      boolean hydraulic) {
    return new MachineSpec(
        id,
        name,
        "pressing",
        "line-1",
        protocol,
        cycle,
        products,
        8 * MIN,
        15 * MIN,
        Disturbances.of(hydraulic, false),
        t -> new PressProcess(t, cycle));
  }

  private static MachineSpec centre(String id, List<String> products, double bearingWear) {
    return new MachineSpec(
        id,
        "5-axis machining centre",
        "machining",
        "cell-1",
        Protocol.OPCUA,
        90 * S,
        products,
        20 * MIN,
        40 * MIN,
        Disturbances.of(false, true),
        t -> new MachiningProcess(t, 12_000, 18_000, 2_400, CENTRE_PROGRAM, bearingWear));
  }

  private static MachineSpec moulding(
      String id,
      String name,
      Protocol protocol,
      long cycle,
      List<String> products,
      double mouldTemperature) {
    return new MachineSpec(
        id,
        name,
        "moulding",
        "line-2",
        protocol,
        cycle,
        products,
        30 * MIN,
        60 * MIN,
        Disturbances.of(true, false),
        t -> new MouldingProcess(t, mouldTemperature));
  }
}
