package io.millwright.operator.site;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The site as reconciled: one condition per workload ({@code <role>Ready}) and a summary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SiteStatus {

  /** Ready, Progressing or Invalid. */
  @PrinterColumn(name = "Phase")
  public String phase;

  public String message;

  public Integer machines;

  public Integer invalidMachines;

  public Long observedGeneration;

  public List<Condition> conditions = new ArrayList<>();
}
