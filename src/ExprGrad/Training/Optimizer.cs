namespace ExprGrad.Training;

/// <summary>
/// A first-order optimizer: <see cref="Step{T}"/> moves a model's parameters against their gradient, in
/// place. The model is a parameter set (a class or record of <c>double</c>, <c>double[]</c> and
/// <c>double[,]</c> members, nested sets and arrays of sets, as <see cref="Grad.Of{T1}"/> accepts) or a single
/// <c>double[]</c> or <c>double[,]</c>; the gradient has the same type and structure, e.g. from
/// <see cref="Grad.ValueAndGradientInto{T1}"/>. Arrays are updated in place; a <c>double</c> member is written
/// through its setter (a <c>set</c> or an <c>init</c> accessor: a positional record's members are updated
/// like the arrays it holds), and a <c>double</c> without one makes the first step throw
/// <see cref="NotSupportedException"/> naming it. State (momenta, moments) is kept per parameter in walk
/// order, allocated at the first step; later steps allocate nothing. An optimizer belongs to one model and
/// one thread at a time: a step on a set of another structure throws <see cref="ArgumentException"/> until
/// <see cref="Reset"/>.
/// </summary>
public abstract class Optimizer
{
    private readonly List<double[]> states = [];
    private readonly List<int> lengths = [];
    private readonly int stateArrays;
    private double learningRate;
    private int cursor;
    private bool checking;

    private protected Optimizer(double learningRate, int stateArrays)
    {
        LearningRate = learningRate;
        this.stateArrays = stateArrays;
    }

    /// <summary>The step size α; may be changed between steps (a schedule).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "The learning rate must be finite and non-negative.");
    }

    /// <summary>How many steps have been taken since construction or <see cref="Reset"/> (t in the update rules).</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> in place by one step against <paramref name="gradient"/>.</summary>
    /// <typeparam name="T">A parameter set type, <c>double[]</c> or <c>double[,]</c>.</typeparam>
    /// <param name="parameters">The model; its arrays are updated in place, its doubles through their setters.</param>
    /// <param name="gradient">The gradient, of the same structure; not changed.</param>
    /// <exception cref="ArgumentNullException">Either is null, or a member in either (named by its path).</exception>
    /// <exception cref="ArgumentException">The two differ in structure or shape, are the same instance, or the
    /// model's structure changed since the first step; nothing is updated then.</exception>
    /// <exception cref="NotSupportedException">A member cannot be updated (a double without a setter).</exception>
    public void Step<T>(T parameters, T gradient) where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        if (ReferenceEquals(parameters, gradient))
            throw new ArgumentException("The gradient is the parameters themselves; pass a separate gradient instance.", nameof(gradient));
        var walk = SetWalker<T>.Walk;
        // A first pass checks every member and sizes the state, so a mismatch found late changes nothing.
        int known = lengths.Count;
        Walk(walk, parameters, gradient, checking: true);
        if (StepCount > 0 && cursor != known)
            throw new ArgumentException($"The model has {cursor} parameters but had {known} at the first step; call Reset() to start over with another model.", nameof(parameters));
        StepCount++;
        BeginStep(StepCount);
        Walk(walk, parameters, gradient, checking: false);
    }

    /// <summary>Forgets the state (momenta, moments, step count): the next step is a first step.</summary>
    public void Reset()
    {
        states.Clear();
        lengths.Clear();
        StepCount = 0;
    }

    private void Walk<T>(Action<T, T, Optimizer> walk, T parameters, T gradient, bool checking) where T : class
    {
        this.checking = checking;
        cursor = 0;
        walk(parameters, gradient, this);
    }

    /// <summary>Called once per step before the updates, with t = 1, 2, …: bias corrections and the like.</summary>
    private protected virtual void BeginStep(long t) { }

    /// <summary>Updates one parameter array in place: <paramref name="x"/> against <paramref name="g"/>, with
    /// its state (<c>stateArrays</c> consecutive blocks of x's length, zero at the first step).</summary>
    private protected abstract void Update(Span<double> x, ReadOnlySpan<double> g, Span<double> state);

    internal void Vector(double[]? x, double[]? g, string path)
    {
        if (checking)
        {
            Check(x, g, path);
            if (x!.Length != g!.Length)
                throw new ArgumentException($"The gradient of {Name(path)} has {g.Length} elements but the parameter has {x.Length}.", "gradient");
            State(x.Length, path);
            return;
        }
        Update(x, g, State(x!.Length, path));
    }

    internal void Matrix(double[,]? x, double[,]? g, string path)
    {
        if (checking)
        {
            Check(x, g, path);
            if (x!.GetLength(0) != g!.GetLength(0) || x.GetLength(1) != g.GetLength(1))
                throw new ArgumentException($"The gradient of {Name(path)} is {Kernels.ShapeOf(g)} but the parameter is {Kernels.ShapeOf(x)}.", "gradient");
            State(x.Length, path);
            return;
        }
        Update(Kernels.Flat(x!), Kernels.Flat(g!), State(x!.Length, path));
    }

    internal double Scalar(double x, double g, string path)
    {
        var state = State(1, path);
        if (checking) return x;
        Update(new Span<double>(ref x), new ReadOnlySpan<double>(ref g), state);
        return x;
    }

    /// <summary>This parameter's state, allocated (zero) the first time it is seen.</summary>
    private Span<double> State(int length, string path)
    {
        int k = cursor++;
        if (k == lengths.Count)
        {
            if (StepCount > 0)
                throw new ArgumentException($"The model has more parameters than at the first step ({Name(path)} is new); call Reset() to start over with another model.", "parameters");
            lengths.Add(length);
            states.Add(new double[stateArrays * length]);
        }
        if (lengths[k] != length)
            throw new ArgumentException($"{Name(path)} has {length} elements, but had {lengths[k]} at the first step; call Reset() to start over with another model.", "parameters");
        return states[k];
    }

    private static void Check(object? x, object? g, string path)
    {
        if (x is null) throw new ArgumentNullException("parameters", $"{Name(path)} is null.");
        if (g is null) throw new ArgumentNullException("gradient", $"gradient{path} is null.");
        if (ReferenceEquals(x, g)) throw new ArgumentException($"The gradient of {Name(path)} is the parameter's own array.", "gradient");
    }

    private static string Name(string path) => "parameters" + path;
}
