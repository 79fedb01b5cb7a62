namespace ExprGrad;

public static partial class Ops
{
    /// <summary>Σ_{i &lt; count} term(i). Inside a gradient the body is differentiated and stays a loop.</summary>
    /// <param name="count">Number of terms; a negative count sums nothing.</param>
    /// <param name="term">The i-th term.</param>
    public static double Sum(int count, Func<int, double> term)
    {
        ArgumentNullException.ThrowIfNull(term);
        double sum = 0;
        for (int i = 0; i < count; i++) sum += term(i);
        return sum;
    }

    /// <summary>
    /// A recurrence: s₀ = <paramref name="initial"/>, s_{t+1} = step(s_t, t). Returns s₀ … s_steps
    /// (length steps + 1). Inside a gradient the backward pass runs the steps in reverse
    /// (backpropagation through time) with memory linear in the steps.
    /// </summary>
    /// <param name="steps">Number of steps; must not be negative.</param>
    /// <param name="initial">The state s₀.</param>
    /// <param name="step">The transition from the state at time t to the state at t + 1.</param>
    public static double[] Scan(int steps, double initial, Func<double, int, double> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var states = new double[steps + 1];
        states[0] = initial;
        for (int t = 0; t < steps; t++) states[t + 1] = step(states[t], t);
        return states;
    }

    /// <summary>Names an intermediate value: <c>Let(value, v =&gt; body(v))</c> is <c>body(value)</c>,
    /// with <paramref name="value"/> computed once.</summary>
    /// <param name="value">The value to name.</param>
    /// <param name="body">The expression that uses it.</param>
    public static TResult Let<T, TResult>(T value, Func<T, TResult> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body(value);
    }
}
