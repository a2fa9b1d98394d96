package nl.bij.eligibility;

/**
 * The route by which a person qualifies (docs/law.md §2.2), with the reason code of docs/contract.md §2 and the
 * ground a notice names (docs/contract.md §3). Declared in order of precedence when several convictions qualify.
 */
public enum Route {
    ROUTE_A_LIST1_ZEDEN("ROUTE_A_LIST1", "ZEDEN"),
    ROUTE_A_LIST1_GEWELD("ROUTE_A_LIST1", "GEWELD"),
    ROUTE_A_LIST2("ROUTE_A_LIST2", "GEWELD"),
    ROUTE_A_ARSON("ROUTE_A_ARSON", "BRANDSTICHTING"),
    ROUTE_B_TBS("ROUTE_B_TBS", "TBS"),
    ROUTE_C_PIJ("ROUTE_C_PIJ", "PIJ");

    private final String reason;
    private final String ground;

    Route(String reason, String ground) {
        this.reason = reason;
        this.ground = ground;
    }

    /** The reason code of the decision. */
    public String reason() {
        return reason;
    }

    /** The ground the notice names: ZEDEN, GEWELD, BRANDSTICHTING, TBS or PIJ. */
    public String ground() {
        return ground;
    }
}
