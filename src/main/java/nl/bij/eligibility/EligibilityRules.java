package nl.bij.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import nl.bij.eligibility.Eligibility.NeedsReview;
import nl.bij.eligibility.Eligibility.NotQualifying;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.Eligibility.QualifyingConviction;
import nl.bij.eligibility.OffenceCatalogue.OffenceList;
import nl.bij.eligibility.UnconditionalPart.Length;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;

/**
 * Article 11a Bjsg as rules: does the person of a release event qualify, by which route and convictions? Plain
 * Java, stateless, thread-safe.
 *
 * <p>Two dates, never mixed up: the offence date decides which numbering an article follows; the provision date
 * (the day the notice would be given) decides what the regulation covers and whether a conviction is final.
 *
 * <p>Missing or unplaceable data is never a silent "no", and a person is asked only when the answer depends on
 * them: an attempt, an article that cannot be read, a sanction that cannot be placed or a threshold that depends
 * on how a month is reckoned goes to review only if, read in the person's favour of notifying, the conviction
 * would qualify. A conviction that fails anyway (not final, juvenile law, nothing unconditional, below the
 * threshold) is not qualifying with that reason.
 */
public final class EligibilityRules {

    private static final Set<ReturnKind> NOT_A_RETURN = EnumSet.of(ReturnKind.ESCAPE, ReturnKind.TRANSFER,
            ReturnKind.DEATH);
    private static final Set<SanctionType> CUSTODIAL = EnumSet.of(SanctionType.GEVANGENISSTRAF, SanctionType.HECHTENIS);

    private final OffenceCatalogue catalogue;
    private final AttemptPolicy attemptPolicy;

    public EligibilityRules(OffenceCatalogue catalogue, AttemptPolicy attemptPolicy) {
        this.catalogue = catalogue;
        this.attemptPolicy = attemptPolicy;
    }

    public Eligibility assess(ReleaseEvent event, LocalDate provisionDate) {
        if (NOT_A_RETURN.contains(event.ret().kind())) {
            return new NotQualifying(Reason.EVENT_NOT_A_RETURN);
        }
        List<Verdict> verdicts = verdicts(event, provisionDate);
        List<QualifyingConviction> qualifying = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            int index = i;
            verdicts.get(i).route().ifPresent(route -> qualifying.add(new QualifyingConviction(index, route)));
        }
        if (qualifying.isEmpty()) {
            return withoutRoute(verdicts, event.ret().kind() == ReturnKind.DEPORTATION);
        }
        // deportation or transfer abroad: a person decides, but only for someone who would otherwise qualify; their
        // judgment also takes in the convictions that wait for a question, so those questions are asked with it
        if (event.ret().kind() == ReturnKind.DEPORTATION) {
            List<Reason> questions = new ArrayList<>(List.of(Reason.DEPORTATION));
            questions.addAll(questionsOf(verdicts));
            return new NeedsReview(Reason.DEPORTATION, questions);
        }
        return new Qualifies(firstRoute(qualifying), qualifying);
    }

    /**
     * A person judged that the event qualifies by {@code route} (a review's legal question answered "yes"): the
     * convictions that qualify by themselves keep their route, those that waited for the judgment take the route
     * their question names if answered yes (an attempt of 242: list 1, ZEDEN; a threshold: list 2), else this one.
     * When none of them then carries the judged route (a conviction shows one question only, and the person answered
     * another: TBS with conditions beside an attempt), the person's route is taken for every conviction that waited,
     * so that the decision and the notice name the same route. Empty when no conviction could carry a notice.
     */
    public Optional<Qualifies> asJudged(ReleaseEvent event, LocalDate provisionDate, Route route) {
        List<Verdict> verdicts = verdicts(event, provisionDate);
        List<QualifyingConviction> convictions = judged(verdicts, route, true);
        List<QualifyingConviction> as = carry(convictions, route) ? convictions : judged(verdicts, route, false);
        if (as.isEmpty()) {
            return Optional.empty();
        }
        // a deportation judged by a route that only convictions qualifying by themselves could carry: theirs decides
        return Optional.of(new Qualifies(carry(as, route) ? route : firstRoute(as), as));
    }

    /** Whether one of the convictions goes in the notice by that route (its code: ZEDEN and GEWELD are one). */
    private static boolean carry(List<QualifyingConviction> convictions, Route route) {
        return convictions.stream().anyMatch(c -> c.route().reason().equals(route.reason()));
    }

    private static List<QualifyingConviction> judged(List<Verdict> verdicts, Route route, boolean ownQuestionsRoute) {
        List<QualifyingConviction> convictions = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict verdict = verdicts.get(i);
            if (verdict.route().isPresent() || verdict.needsReview()) {
                // a conviction whose question, answered yes, names its own route keeps it: the notice must not
                // call a manslaughter a sexual offence because another conviction's attempt was judged so
                Optional<Route> own = ownQuestionsRoute ? verdict.ifYes() : Optional.empty();
                convictions.add(new QualifyingConviction(i, verdict.route().or(() -> own).orElse(route)));
            }
        }
        return convictions;
    }

    private List<Verdict> verdicts(ReleaseEvent event, LocalDate provisionDate) {
        List<Verdict> verdicts = new ArrayList<>(event.convictions().size());
        for (Conviction conviction : event.convictions()) {
            verdicts.add(assess(conviction, provisionDate));
        }
        return verdicts;
    }

    /**
     * No conviction qualifies: a person decides if any asks for it, else the most telling reason. The person is asked
     * every open question at once, a deportation's among them: a judgment that the person qualifies answers them all.
     */
    private static Eligibility withoutRoute(List<Verdict> verdicts, boolean deportation) {
        List<Reason> questions = questionsOf(verdicts);
        if (questions.isEmpty()) {
            return new NotQualifying(verdicts.isEmpty() ? Reason.OFFENCE_NOT_LISTED : mostTelling(verdicts));
        }
        if (deportation) {
            questions.add(Reason.DEPORTATION);
        }
        return new NeedsReview(questions.get(0), questions);
    }

    /** The questions the convictions ask a person, each once, in the convictions' order. */
    private static List<Reason> questionsOf(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::needsReview).map(Verdict::reason).distinct()
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static Reason mostTelling(List<Verdict> verdicts) {
        Reason telling = verdicts.get(0).reason();
        for (Verdict verdict : verdicts) {
            telling = verdict.reason().compareTo(telling) < 0 ? verdict.reason() : telling;
        }
        return telling;
    }

    private static Route firstRoute(List<QualifyingConviction> qualifying) {
        Route first = qualifying.get(0).route();
        for (QualifyingConviction conviction : qualifying) {
            first = conviction.route().compareTo(first) < 0 ? conviction.route() : first;
        }
        return first;
    }

    /** One conviction: a route, or the reason it has none (which may ask for a person). Immutable, so shared. */
    private record Verdict(Optional<Route> route, Reason reason, Optional<Route> ifYes) {
        private static final Verdict[] QUALIFIES = java.util.Arrays.stream(Route.values())
                .map(r -> new Verdict(Optional.of(r), null, Optional.empty())).toArray(Verdict[]::new);
        private static final Verdict[] NOT = java.util.Arrays.stream(Reason.values())
                .map(r -> new Verdict(Optional.empty(), r, Optional.empty())).toArray(Verdict[]::new);
        private static final Verdict[][] ASKS = java.util.Arrays.stream(Reason.values())
                .map(reason -> java.util.Arrays.stream(Route.values())
                        .map(route -> new Verdict(Optional.empty(), reason, Optional.of(route))).toArray(Verdict[]::new))
                .toArray(Verdict[][]::new);

        static Verdict qualifies(Route route) {
            return QUALIFIES[route.ordinal()];
        }

        static Verdict not(Reason reason) {
            return NOT[reason.ordinal()];
        }

        /** A question for a person, and the route the conviction has if the answer is yes. */
        static Verdict asks(Reason reason, Route ifYes) {
            return ASKS[reason.ordinal()][ifYes.ordinal()];
        }

        boolean qualifies() {
            return route.isPresent();
        }

        boolean needsReview() {
            return reason != null && reason.needsReview();
        }
    }

    /** The routes of one final conviction: the first route that qualifies, else one asking a person, else the most telling "no". */
    private Verdict assess(Conviction conviction, LocalDate provisionDate) {
        if (conviction.irrevocableDate().isEmpty() || conviction.irrevocableDate().get().isAfter(provisionDate)) {
            return Verdict.not(Reason.NOT_IRREVOCABLE);
        }
        Verdict[] verdicts = {routeB(conviction), routeC(conviction), routeA(conviction, provisionDate)};
        Verdict best = null;
        for (Verdict verdict : verdicts) {
            if (verdict.qualifies() && (best == null || verdict.route().get().compareTo(best.route().get()) < 0)) {
                best = verdict;
            }
        }
        for (int i = 0; best == null && i < verdicts.length; i++) {
            best = verdicts[i].needsReview() ? verdicts[i] : null;
        }
        // none qualifies and none asks for a person: the most telling "no" (Reason is declared in that order)
        for (Verdict verdict : verdicts) {
            if (best == null || !best.qualifies() && !best.needsReview() && verdict.reason().compareTo(best.reason()) < 0) {
                best = verdict;
            }
        }
        return best;
    }

    /** Route B: TBS with compulsory treatment (art. 37a with 37b Sr); TBS with conditions only goes to a person. */
    private static Verdict routeB(Conviction conviction) {
        if (has(conviction, SanctionType.TBS_DWANGVERPLEGING) && !conviction.juvenileLaw()) {
            return Verdict.qualifies(Route.ROUTE_B_TBS);
        }
        if (has(conviction, SanctionType.TBS_VOORWAARDEN) && !conviction.juvenileLaw()) {
            return Verdict.asks(Reason.TBS_CONDITIONS_ONLY, Route.ROUTE_B_TBS);
        }
        return Verdict.not(Reason.OFFENCE_NOT_LISTED);
    }

    /** Route C: a PIJ-maatregel, only when extendable under art. 77t lid 3 Sr; not saying so is not "no". */
    private static Verdict routeC(Conviction conviction) {
        boolean pij = false;
        boolean unknown = false;
        for (Sanction sanction : conviction.sanctions()) {
            if (sanction.type() == SanctionType.PIJ) {
                if (sanction.extendable().orElse(false)) {
                    return Verdict.qualifies(Route.ROUTE_C_PIJ);
                }
                pij = true;
                unknown |= sanction.extendable().isEmpty();
            }
        }
        if (!pij) {
            return Verdict.not(Reason.OFFENCE_NOT_LISTED);
        }
        return unknown ? Verdict.asks(Reason.PIJ_EXTENDABILITY_UNKNOWN, Route.ROUTE_C_PIJ)
                : Verdict.not(Reason.PIJ_NOT_EXTENDABLE);
    }

    /**
     * Route A, read three ways: firmly (attempts as the policy says, unreadable articles as unlisted); then with
     * the attempts as the offence attempted; then with an unreadable article as a list-1 offence (a typo of 242
     * must not become "no notice"). A person is asked only if a wider reading makes the conviction qualify.
     */
    private Verdict routeA(Conviction conviction, LocalDate provisionDate) {
        OffenceMix firmly = classify(conviction.offences(), provisionDate, Reading.FIRM);
        Verdict firm = routeA(conviction, firmly);
        if (firm.qualifies() || !firmly.doubtfulAttempt() && !firmly.unreadable()) {
            return firm;
        }
        OffenceMix attempts = classify(conviction.offences(), provisionDate, Reading.WITH_ATTEMPTS);
        Verdict asAttempted = routeA(conviction, attempts);
        if (attemptPolicy == AttemptPolicy.MANUAL && attempts.doubtfulAttempt() && asAttempted.qualifies()) {
            return Verdict.asks(Reason.ATTEMPT_OR_PARTICIPATION, asAttempted.route().get());
        }
        OffenceMix widest = classify(conviction.offences(), provisionDate, Reading.WIDEST);
        if (!widest.unreadable()) {
            return attempts.doubtfulAttempt() && !firm.needsReview() ? routeA(conviction, attempts) : firm;
        }
        Verdict widestVerdict = routeA(conviction, widest);
        if (widestVerdict.qualifies()) {
            return Verdict.not(Reason.UNKNOWN_ARTICLE);
        }
        return firm.needsReview() ? firm : widestVerdict;
    }

    /** Route A on one reading of the offences: an unconditional custodial sentence, adult law, a listed offence. */
    private static Verdict routeA(Conviction conviction, OffenceMix offences) {
        if (!offences.anyListed()) {
            return Verdict.not(Reason.OFFENCE_NOT_LISTED);
        }
        List<Sanction> custodial = custodial(conviction);
        if (conviction.juvenileLaw() || has(conviction, SanctionType.JEUGDDETENTIE) && custodial.isEmpty()) {
            return Verdict.not(Reason.JUVENILE_LAW);
        }
        Length length = UnconditionalPart.of(custodial);
        // a sanction the service cannot place (OTHER, such as ISD) may be the custodial one: a person decides
        boolean unplaced = has(conviction, SanctionType.OTHER);
        Route ifCustodial = offences.list1().orElse(offences.arson() ? Route.ROUTE_A_ARSON : Route.ROUTE_A_LIST2);
        if (length == Length.UNKNOWN) {
            return Verdict.asks(Reason.SANCTION_UNCLEAR, ifCustodial);
        }
        if (!length.moreThanNothing()) {
            return unplaced ? Verdict.asks(Reason.SANCTION_UNCLEAR, ifCustodial) : Verdict.not(Reason.NO_UNCONDITIONAL_PART);
        }
        if (offences.list1().isPresent()) {
            return Verdict.qualifies(offences.list1().get());
        }
        if (offences.arson()) {
            return Verdict.qualifies(Route.ROUTE_A_ARSON);
        }
        return list2(length, offences.unlisted(), unplaced);
    }

    /** List 2 alone: the unconditional part must be one year or longer, and attributable to the listed offence. */
    private static Verdict list2(Length length, boolean withUnlistedOffences, boolean unplacedSanction) {
        return switch (length) {
            case BELOW_A_YEAR -> unplacedSanction ? Verdict.asks(Reason.SANCTION_UNCLEAR, Route.ROUTE_A_LIST2)
                    : Verdict.not(Reason.BELOW_THRESHOLD);
            case DEPENDS_ON_THE_MONTH -> Verdict.asks(Reason.THRESHOLD_NOT_ATTRIBUTABLE, Route.ROUTE_A_LIST2);
            // one sentence for a list-2 offence and unlisted ones: the year cannot be attributed to the listed one
            default -> withUnlistedOffences ? Verdict.asks(Reason.THRESHOLD_NOT_ATTRIBUTABLE, Route.ROUTE_A_LIST2)
                    : Verdict.qualifies(Route.ROUTE_A_LIST2);
        };
    }

    /**
     * The list-1 route that an event's offences name, for a person who judged "qualifies by ROUTE_A_LIST1" without
     * saying the ground the notice names: ZEDEN if any offence (an attempt or participation included) is a list-1
     * sexual offence on that day, else GEWELD if any is a list-1 violent one; empty if none is on list 1 (an unknown
     * article, say): then the person must say which.
     */
    public Optional<Route> list1RouteOf(ReleaseEvent event, LocalDate provisionDate) {
        boolean violent = false;
        for (Conviction conviction : event.convictions()) {
            for (Offence offence : conviction.offences()) {
                OffenceList listed = listedOn(offence, provisionDate);
                if (listed == OffenceList.LIST1_ZEDEN) {
                    return Optional.of(Route.ROUTE_A_LIST1_ZEDEN);
                }
                violent |= listed == OffenceList.LIST1_GEWELD;
            }
        }
        return violent ? Optional.of(Route.ROUTE_A_LIST1_GEWELD) : Optional.empty();
    }

    /** How doubtful offences are read: an attempt of a listed offence, and an article that cannot be read. */
    private enum Reading { FIRM, WITH_ATTEMPTS, WIDEST }

    /** What the offences of one conviction amount to, on one reading. */
    private record OffenceMix(Optional<Route> list1, boolean arson, boolean list2, boolean unlisted,
                              boolean doubtfulAttempt, boolean unreadable) {
        boolean anyListed() {
            return list1.isPresent() || arson || list2;
        }
    }

    private OffenceMix classify(List<Offence> offences, LocalDate provisionDate, Reading reading) {
        Optional<Route> list1 = Optional.empty();
        boolean arson = false;
        boolean list2 = false;
        boolean unlisted = false;
        boolean doubtfulAttempt = false;
        boolean unreadable = false;
        for (Offence offence : offences) {
            OffenceList listed = listedOn(offence, provisionDate);
            if (listed != null && (offence.attempt() || offence.participation())) {
                doubtfulAttempt |= attemptPolicy == AttemptPolicy.MANUAL;
                boolean counts = attemptPolicy == AttemptPolicy.QUALIFY
                        || attemptPolicy == AttemptPolicy.MANUAL && reading != Reading.FIRM;
                listed = counts ? listed : null;
            } else if (listed == null && (catalogue.needsParagraph(offence) || catalogue.isUnknown(offence))) {
                unreadable = true;
                listed = reading == Reading.WIDEST ? OffenceList.LIST1_ZEDEN : null;
            }
            if (listed == null) {
                unlisted = true;
                continue;
            }
            switch (listed) {
                case LIST1_ZEDEN -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_ZEDEN));
                case LIST1_GEWELD -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_GEWELD));
                case BRANDSTICHTING -> arson = true;
                case LIST2_GEWELD -> list2 = true;
            }
        }
        return new OffenceMix(list1, arson, list2, unlisted, doubtfulAttempt, unreadable);
    }

    /** The list the offence is on for a notice given that day, or null (the engine asks this for every offence). */
    private OffenceList listedOn(Offence offence, LocalDate provisionDate) {
        OffenceCatalogue.Entry entry = catalogue.entryFor(offence);
        return entry != null && entry.inScopeOn(provisionDate) ? entry.list() : null;
    }

    private static boolean has(Conviction conviction, SanctionType type) {
        for (Sanction sanction : conviction.sanctions()) {
            if (sanction.type() == type) {
                return true;
            }
        }
        return false;
    }

    private static List<Sanction> custodial(Conviction conviction) {
        List<Sanction> custodial = new ArrayList<>(2);
        for (Sanction sanction : conviction.sanctions()) {
            if (CUSTODIAL.contains(sanction.type())) {
                custodial.add(sanction);
            }
        }
        return custodial;
    }
}
