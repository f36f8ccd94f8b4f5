package com.wecomassist.compliance.eval;

/**
 * Figures of one category.
 *
 * @param violations violating rows
 * @param caught     violating rows whose action was not PASS
 * @param clean      clean rows (near misses of the category)
 * @param passed     clean rows that passed
 */
public record CategoryFigures(int violations, int caught, int clean, int passed) {

    /** Share of violations caught (1 when there are none). */
    public double recall() {
        return violations == 0 ? 1 : (double) caught / violations;
    }

    /** Share of clean rows passed (1 when there are none). */
    public double cleanPass() {
        return clean == 0 ? 1 : (double) passed / clean;
    }

    CategoryFigures plus(CategoryFigures o) {
        return new CategoryFigures(violations + o.violations, caught + o.caught, clean + o.clean, passed + o.passed);
    }
}
