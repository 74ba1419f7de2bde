package io.millwright.simulator.plant;

import io.millwright.core.machine.Protocol;
import java.util.List;
import java.util.function.Function;

/**
 * One production machine of the demo plant as DEMO-PLANT.md describes it.
 *
 * @param idealCycleMillis the fastest sustainable cycle, the basis of OEE performance
 * @param products what it makes; a job for a different product than the last one needs a changeover
 * @param changeoverMinMillis shortest changeover (die, mould, fixture or program change)
 * @param changeoverMaxMillis longest changeover
 * @param process makes the process model, declaring its tags
 */
record MachineSpec(
    String id,
    String name,
    String area,
    String line,
    Protocol protocol,
    long idealCycleMillis,
    List<String> products,
    long changeoverMinMillis,
    long changeoverMaxMillis,
    Disturbances disturbances,
    Function<TagTable.Builder, MachineProcess> process) {}
