package nl.bij.app;

import java.util.Map;

import org.apache.camel.CamelContext;

import nl.bij.state.DecisionLog;

/**
 * The service with a decision log that fails for the events a test names (as a fault in the code would, for those
 * messages only): the rest of the service is the real one.
 */
abstract class FailingLogTestSupport extends ServiceTestSupport {

    protected final TransactionTest.FailingLog failingLog;

    /** @param failuresByEventId how many times each event's decision fails before it is stored */
    FailingLogTestSupport(Map<String, Integer> failuresByEventId) {
        this.failingLog = new TransactionTest.FailingLog(failuresByEventId);
    }

    @Override
    protected void beforeWiring(CamelContext camel) {
        camel.getRegistry().bind("decisionLog", failingLog);
    }

    @Override
    protected void afterWiring(CamelContext camel) {
        failingLog.delegate = camel.getRegistry().lookupByNameAndType("stateStore", DecisionLog.class);
    }
}
