import { backwardsCompatibility } from "./backwardsCompatibility";
import { bigPicture } from "./bigPicture";
import { ciCdIntegration } from "./ciCdIntegration";
import { coverageStrategy } from "./coverageStrategy";
import { dataIntegrity } from "./dataIntegrity";
import { edgeCases } from "./edgeCases";
import { errorHandling } from "./errorHandling";
import { failureModes } from "./failureModes";
import { integrationPoints } from "./integrationPoints";
import { mockingStrategy } from "./mockingStrategy";
import { performanceImpact } from "./performanceImpact";
import type { PlanningPerspective } from "./perspective";
import { security } from "./security";
import { testPyramid } from "./testPyramid";
import { userExperience } from "./userExperience";
import { whatAreWeTesting } from "./whatAreWeTesting";

export type { PlanningPerspective, PerspectiveOutput, PlanItems, CaseDraft, InsightKind } from "./perspective";

/** The fifteen perspectives by step id (server/protocol/steps.ts names the rotation order). */
export const PLANNING_PERSPECTIVES: ReadonlyMap<string, PlanningPerspective> = new Map(
  [
    whatAreWeTesting,
    failureModes,
    integrationPoints,
    edgeCases,
    performanceImpact,
    backwardsCompatibility,
    dataIntegrity,
    errorHandling,
    userExperience,
    security,
    coverageStrategy,
    testPyramid,
    mockingStrategy,
    ciCdIntegration,
    bigPicture,
  ].map((p) => [p.id, p]),
);
