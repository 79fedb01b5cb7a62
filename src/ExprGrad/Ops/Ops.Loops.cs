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

    /// <summary>[element(0), …, element(n − 1)]: a vector built by an index loop. Inside a gradient the body is
    /// differentiated and stays a loop, so a residual of any length compiles as one loop; the body may read arrays at
    /// any computed index (<c>x[i - 1] - 2 * x[i] + x[i + 1]</c>), differentiable values from outside and the index.</summary>
    /// <param name="n">The length; must not be negative.</param>
    /// <param name="element">The i-th element.</param>
    /// <returns>A new vector of length <paramref name="n"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static double[] Vector(int n, Func<int, double> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var vector = new double[n];
        for (int i = 0; i < n; i++) vector[i] = element(i);
        return vector;
    }

    /// <summary>
    /// A recurrence: s₀ = <paramref name="initial"/>, s_{t+1} = step(s_t, t). Returns s₀ … s_steps
    /// (length steps + 1). Inside a gradient the backward pass runs the steps in reverse
    /// (backpropagation through time) with memory linear in the steps; the overload with a checkpoint interval
    /// (<see cref="Scan(int, double, Func{double, int, double}, int)"/>) needs memory growing like √steps.
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

    /// <summary>
    /// <see cref="Scan(int, double, Func{double, int, double})"/> with checkpointing: the same states s₀ … s_steps,
    /// the same gradient bit for bit, in memory that grows like √steps instead of linearly (when the states are
    /// read by index and few of them receive an adjoint: see the remarks). Outside a gradient it
    /// is the plain Scan. Inside a gradient (reverse mode) the forward pass keeps only every k-th state (the
    /// checkpoints) and the backward pass recomputes the k states of each segment from its checkpoint into one
    /// buffer of k, then runs the segment's steps in reverse: about one extra forward pass of the step. Reads
    /// <c>states[t]</c> of the result work as on an array, served from that buffer (a read outside the segment
    /// held recomputes at most k steps, so reading in order, forwards or backwards, costs one extra pass);
    /// their adjoints are kept in pages of k, allocated only for the segments that receive one.
    /// </summary>
    /// <remarks>
    /// The saving needs the states to be read only by index (<c>states[t]</c>). When the result is used as a
    /// whole (<c>Ops.Sum(states)</c>, returned, passed to another Ops method) the gradient keeps every state, as
    /// the plain Scan does. A loss that reads every state (Σₜ f(states[t])) sends an adjoint to every state, so
    /// those pages still add up to one adjoint per state: the forward states are saved, the adjoints are not.
    /// Forward mode (Hessians, Jacobians, <see cref="Derivative"/>) and
    /// <see cref="GradientOptions.Checkpointing"/> = false treat it as the plain Scan.
    /// </remarks>
    /// <param name="steps">Number of steps; must not be negative.</param>
    /// <param name="initial">The state s₀.</param>
    /// <param name="step">The transition from the state at time t to the state at t + 1.</param>
    /// <param name="checkpointEvery">k, the distance between checkpoints; 0 chooses ⌈√steps⌉ (at least 1).
    /// k = 1 keeps every state; k ≥ steps recomputes the whole recurrence once, into a buffer as long as the states.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="checkpointEvery"/> is negative.</exception>
    public static double[] Scan(int steps, double initial, Func<double, int, double> step, int checkpointEvery)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEvery);
        return Scan(steps, initial, step);
    }

    /// <summary>
    /// A recurrence over a vector state, for recurrent cells (an Elman RNN's h, an LSTM's h and c concatenated):
    /// s₀ = <paramref name="initial"/>, s_{t+1} = step(s_t, t). Returns s₀ … s_steps (length steps + 1). Inside a
    /// gradient the backward pass runs the steps in reverse (backpropagation through time), recomputing each step
    /// from its stored state; the step may read parameters and outer arrays (weights), whose adjoints gather every
    /// step's. Read the states by index (<c>states[t]</c>, <c>states[t][j]</c>) or their count (<c>states.Length</c>).
    /// </summary>
    /// <remarks>The states are the arrays the step returns, kept as they are: a step called outside a gradient must
    /// return a new array rather than change the one it was given.</remarks>
    /// <param name="steps">Number of steps; must not be negative.</param>
    /// <param name="initial">The state s₀.</param>
    /// <param name="step">The transition from the state at time t to the state at t + 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public static double[][] Scan(int steps, double[] initial, Func<double[], int, double[]> step)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var states = new double[steps + 1][];
        states[0] = initial;
        for (int t = 0; t < steps; t++) states[t + 1] = step(states[t], t);
        return states;
    }

    /// <summary>
    /// <see cref="Scan(int, double[], Func{double[], int, double[]})"/> with a checkpoint interval, as for a scalar
    /// state (<see cref="Scan(int, double, Func{double, int, double}, int)"/>): the same states, the same gradient bit
    /// for bit. Inside a gradient, when the states are read only by index (<c>states[t]</c>), the forward pass keeps
    /// every k-th state and the backward pass recomputes each segment of k from its checkpoint, so the states held
    /// grow like √steps; the adjoints of the states the loss reads are kept in pages of k. Outside a gradient, in
    /// forward mode and with <see cref="GradientOptions.Checkpointing"/> = false it is the plain Scan.
    /// </summary>
    /// <param name="steps">Number of steps; must not be negative.</param>
    /// <param name="initial">The state s₀.</param>
    /// <param name="step">The transition from the state at time t to the state at t + 1.</param>
    /// <param name="checkpointEvery">k, the distance between checkpoints; 0 chooses ⌈√steps⌉ (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="checkpointEvery"/> is negative.</exception>
    public static double[][] Scan(int steps, double[] initial, Func<double[], int, double[]> step, int checkpointEvery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointEvery);
        return Scan(steps, initial, step);
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
