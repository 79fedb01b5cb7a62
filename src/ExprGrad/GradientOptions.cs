using System.Reflection;

namespace ExprGrad;

/// <summary>
/// Switches for the compiler's optional passes, one per pass, all on by default. Correctness never depends
/// on them: every entry point accepts these options, and the differential test harness runs every program
/// shape with each pass switched off in turn. Turn one off to rule it out when a gradient looks wrong, or
/// to compare generated code (<see cref="GradientCode"/>) with and without it.
/// </summary>
public sealed record GradientOptions
{
    /// <summary>Every pass on.</summary>
    public static GradientOptions Default { get; } = new();

    /// <summary>
    /// <c>1 / (1 + Math.Exp(−z))</c> is differentiated as <see cref="Ops.Sigmoid(double)"/>, which computes exactly that (the
    /// value is the same, bit for bit): its rule g·σ·(1 − σ) is the hand-written one, where the quotient's and Exp's rules
    /// multiply by −σ², by e^−z, negate twice and test e^−z for overflow. The gradient agrees to rounding.
    /// </summary>
    public bool RecognizeSigmoid { get; init; } = true;

    /// <summary>Identical stages are computed once (common subexpressions, shared index arithmetic).</summary>
    public bool ShareSubexpressions { get; init; } = true;

    /// <summary>Closure fields and parameter lengths are read once at the start of the call, not in every iteration.</summary>
    public bool HoistInvariantReads { get; init; } = true;

    /// <summary><c>Math.Pow(x, 2)</c> is computed as <c>x·x</c>, whose rule reuses x.</summary>
    public bool SquareAsProduct { get; init; } = true;

    /// <summary>
    /// A stage of a loop's body (a sum, a scan, a while-loop) that depends on nothing the body computes is computed
    /// once before the loop (out of nested bodies too), and its adjoint is summed over the iterations and sent on once after it; the
    /// statements of a Map's element program and of its derivative that do not depend on the element run once before
    /// the elementwise loop. Only values that cannot throw move.
    /// </summary>
    public bool HoistLoopInvariants { get; init; } = true;

    /// <summary>
    /// When the function ends in a sum, its backward loop runs inside its forward loop: one pass over the data. Also
    /// when stages follow the sum whose backward code does not read it — a mean Σ/N, a constant scale or shift.
    /// </summary>
    public bool FuseFinalSum { get; init; } = true;

    /// <summary>
    /// A sum over a scan's steps whose terms read its states (<c>Σᵢ f(xs[i + 1])</c>: an average along a path) runs
    /// inside the scan's loop, term t beside step t, and its backward code inside the scan's backward loop.
    /// </summary>
    public bool FuseSumsIntoScans { get; init; } = true;

    /// <summary>
    /// A sum's backward loop, or the backward loop of a scan with a sum fused into it, runs only when the adjoint it
    /// receives is not exactly zero: a Monte-Carlo path whose payoff <c>Max(a − K, 0)</c> is out of the money sends
    /// nothing back through its path, and its recomputation is skipped, as a hand-written pathwise adjoint skips it.
    /// Reverse mode is linear in the adjoints, so every skipped contribution is 0·∂ = 0 — except where a partial is
    /// NaN at finite inputs (<c>Math.Atan2(0, 0)</c>, ∂aᵇ/∂b at a &lt; 0), where running the loop gives 0·NaN = NaN and
    /// skipping it gives 0. A NaN adjoint is never skipped.
    /// </summary>
    public bool SkipZeroAdjointLoops { get; init; } = true;

    /// <summary>
    /// <c>Grad.Batch</c> and <c>Grad.ValueAndGradientBatch</c> run a straight-line scalar tape as one SIMD kernel over
    /// Vector&lt;double&gt;.Count points at a time (a function of one double[] read only at constant indices is first
    /// rewritten to one scalar per element). Off, every program runs the scalar value-and-gradient delegate once per
    /// point. Agrees to rounding: a few SIMD primitives (TensorPrimitives' Tanh) round differently from System.Math.
    /// </summary>
    public bool VectorizeBatches { get; init; } = true;

    /// <summary>Rows per block when batch mode shares a batch among the cores (<see cref="BatchSplit"/>); tests lower it so
    /// that small batches are split too. Any size gives the same bits: each row is computed alone.</summary>
    internal int BatchBlockRows { get; init; } = BatchSplit.BlockRows;

    /// <summary>The smallest batch batch mode shares among the cores; smaller ones run on the calling thread. Tests and
    /// B25 lower it to 0 to split every batch of two or more blocks.</summary>
    internal int BatchParallelRows { get; init; } = BatchSplit.ParallelRows;

    /// <summary>A loop's backward pass recomputes only the forward stages its backward code reads, not the whole body;
    /// of a nested loop, only the states those stages need (a loop filling the next state is rerun for its trip count).</summary>
    public bool RecomputeOnlyNeeded { get; init; } = true;

    /// <summary>
    /// A while-loop keeps a trail (every iteration's value, for the backward pass) only of the states its
    /// backward pass reads: an accumulator (<c>acc += e</c>) passes its adjoint through unread and keeps none.
    /// </summary>
    public bool TrailOnlyReadStates { get; init; } = true;

    /// <summary>
    /// An integer state of a while-loop that every iteration steps by a fixed amount (<c>i++</c>, <c>i -= 2</c>) is
    /// recomputed in the backward pass from the iteration number, <c>initial + k·step</c>, instead of kept in a trail.
    /// </summary>
    public bool RecomputeLoopIndices { get; init; } = true;

    /// <summary>
    /// An adjoint a while-loop passes on unchanged from one iteration to the next (an accumulator's) is the seed in
    /// every iteration; a constant seed is folded into the backward body instead of multiplied in at run time.
    /// </summary>
    public bool FoldInvariantCarries { get; init; } = true;

    /// <summary>
    /// The trails while-loops keep are reused from one call of the compiled delegate to the next (one set per
    /// thread) instead of allocated, and grown, in every call.
    /// </summary>
    public bool ReuseTrails { get; init; } = true;

    /// <summary>
    /// A loop's forward pass keeps the values of its body that are costly to recompute (Exp, Log, Sqrt, Pow,
    /// trigonometric and hyperbolic functions, Sigmoid, the scalar special functions) and that its backward pass
    /// reads, one array element per iteration; the backward pass reads them instead of recomputing them. The same
    /// values, bit for bit.
    /// </summary>
    public bool StoreCostlyValues { get; init; } = true;

    /// <summary>
    /// The arrays a compiled gradient uses only internally — a scan's states read by index and their adjoints, the
    /// values loops store for their backward passes — are allocated once and reused across iterations and calls
    /// (per delegate; concurrent calls never share them). The same values, bit for bit. The expression forms
    /// (<see cref="Grad.GradientExpression"/>) always allocate.
    /// </summary>
    public bool ReuseBuffers { get; init; } = true;

    /// <summary>
    /// The matrices a compiled gradient computes with whole-array kernels and never hands out — a dense net's layer
    /// outputs, their activations, the adjoints the backward pass sends through them — are written into matrices kept
    /// from one call to the next (per delegate; concurrent and reentrant calls never share them) instead of new ones:
    /// a call allocates only the gradient it returns. The arrays a call returns are always new. The same values, bit
    /// for bit. The expression forms (<see cref="Grad.GradientExpression"/>) always allocate.
    /// </summary>
    public bool ReuseIntermediates { get; init; } = true;

    /// <summary>
    /// A compiled gradient computes the adjoint a dense layer sends back through its sigmoid,
    /// <c>SigmoidBackward(g·Wᵀ, y)</c>, in one kernel that finishes each row of the product while it is in cache, instead
    /// of writing the product out and passing over it three more times. The same values, bit for bit.
    /// </summary>
    public bool FuseProductEpilogues { get; init; } = true;

    /// <summary>
    /// A compiled gradient computes <see cref="Ops.Sigmoid(double)"/> and <see cref="Ops.Relu(double)"/> in its own code
    /// instead of calling them: the JIT inlines no method of this library into a compiled expression (it does inline
    /// <see cref="Math"/>'s), so each was a call and return of its own beside the hand-written twin's inlined one. The
    /// same operations in the same order, so the same values, bit for bit.
    /// </summary>
    public bool InlineScalarOps { get; init; } = true;

    /// <summary>
    /// A scan's recurrence runs in locals: its forward loop hands each state to the next step in a variable, and
    /// its backward loop carries the state's adjoint in one, instead of reading back the array element the
    /// previous iteration has just written. The same values, bit for bit.
    /// </summary>
    public bool CarryStatesInLocals { get; init; } = true;

    /// <summary>
    /// A local array that is filled before it is read — <c>r = new double[n]</c>, then only writes <c>r[i] = v</c>, then
    /// only reads — is written in place, forward and backward (the adjoint's element is read, then cleared), instead
    /// of copied at every write: a loop writing n elements costs O(n), not O(n²). Time stepping is brought to that
    /// form: a loop that only writes an array's elements starts a fresh version of it (allocated, or copied from the
    /// array once), so array state costs one copy per step, not one per element written. Other writes are still
    /// copied. Gradient programs and <c>Grad.Compile</c> only: forward mode (Jacobian-vector products, Hessians)
    /// transforms the copying form. The same values, bit for bit.
    /// </summary>
    public bool WriteArraysInPlace { get; init; } = true;

    /// <summary>
    /// A compiled gradient that computes <c>Ops.CrossEntropy</c> and its backward kernel once each computes every row's
    /// exponentials once: the forward pass keeps them and the backward pass turns them into the gradient in place,
    /// instead of computing them again. The same values, bit for bit. Applies to the delegates compiled straight from
    /// a function of doubles and arrays; expression forms and parameter sets are not fused.
    /// </summary>
    public bool FuseCrossEntropy { get; init; } = true;

    /// <summary>
    /// Forward mode (Hessians, Jacobian-vector products) gives each operand of the program's statements its own variable
    /// first, so a tangent rule that reads its primitive's value (σ′ = σ(x)σ(−x), exp′ = exp, √′ = 1/(2√x)) reads the
    /// variable instead of computing the primitive again: in a logistic model's Hessian the forward-over-reverse pass
    /// computes σ(zₙ) once per row, not three times. The same values, bit for bit.
    /// </summary>
    public bool BindTangentValues { get; init; } = true;

    /// <summary>
    /// A compiled program too large for the JIT to optimize (an unrolled sum of hundreds of terms) is split between its
    /// statements into several methods of a size the JIT optimizes; the values that cross from one to the next go
    /// through a frame reused across calls (per delegate; concurrent calls never share one). The same values, bit for
    /// bit. Applies to compiled delegates; the expression forms (<see cref="Grad.GradientExpression"/>) stay whole.
    /// </summary>
    public bool SplitLargeMethods { get; init; } = true;

    /// <summary>
    /// The methods <see cref="SplitLargeMethods"/> makes are compiled on the available cores at once, the calling thread
    /// taking its share, instead of one after another: the JIT optimizing them is most of the time a large gradient takes
    /// to build. The same methods, so the same values bit for bit; the processor time spent is the same, spread over
    /// threads of the shared thread pool. Off, or on one processor, they are compiled on the calling thread.
    /// </summary>
    public bool CompileSplitPartsConcurrently { get; init; } = true;

    /// <summary>
    /// A compiled program <see cref="SplitLargeMethods"/> would split is compiled whole first — the JIT then does not
    /// optimize it, in about a third of the time optimizing the parts takes — and split and optimized at its second call
    /// (<see cref="TierUpAtCall"/>), as the runtime compiles ordinary methods in tiers: a gradient evaluated once gets its
    /// result sooner, one called again runs the optimized parts from then on. The same program either way, so the same
    /// values bit for bit; the first call runs slower and allocates the whole method's spill space.
    /// </summary>
    public bool CompileLargeMethodsInTiers { get; init; } = true;

    /// <summary>The call at which <see cref="CompileLargeMethodsInTiers"/> compiles the optimized parts (and from which it
    /// runs them); tests raise it. 1 or less: the parts are compiled at once.</summary>
    internal int TierUpAtCall { get; init; } = 2;

    /// <summary>
    /// The size of one part of a split method, in expression nodes (about 4 bytes of IL each); a program is split when
    /// it has more than four times as many nodes, or twice as many uses of its variables (the JIT stops optimizing a
    /// method at 60,000 bytes of IL or 8,000 uses of locals). Tests lower it to split small programs.
    /// </summary>
    internal int MethodNodeBudget { get; init; } = 3000;

    /// <summary>
    /// Set by the pipeline, not by users: the function holds a nested <c>Ops.Derivative</c>, so the reverse pass runs
    /// over tangent code, where an overflowed tangent on a path that does not reach the result (a value overwritten in
    /// a loop) meets a zero adjoint in a product. Every contribution is then guarded both ways, as forward mode guards
    /// them, and the derivative nested in a gradient agrees with the Hessian through such paths.
    /// </summary>
    internal bool GuardEveryContribution { get; init; }

    /// <summary>
    /// The gradient of a quotient q = a/b divides once: b̄ = −ā·q reuses ā = g/b instead of dividing again
    /// (b̄ = −g·q/b), and b̄ = −g·q·q when a is the constant 1 (a reciprocal: σ = 1/(1 + e⁻ᶻ)), so a division's
    /// latency leaves the backward pass. Agrees to rounding: the last bit of b̄ can differ.
    /// </summary>
    public bool ShareQuotientDivisions { get; init; } = true;

    /// <summary>Exact algebraic identities left by rule inlining are folded (<c>1·g</c>, <c>x + 0</c>, constants).</summary>
    public bool FoldAlgebra { get; init; } = true;

    /// <summary>Assignments nobody reads are removed (the value in <c>Grad.Of</c>, forward loops whose sum is unused).</summary>
    public bool EliminateDeadStores { get; init; } = true;

    /// <summary>
    /// Assignments are removed when no path reads their value before it is assigned again, through loops and
    /// branches: in <c>Grad.Of</c> a while-loop's forward pass then computes only its trip count and what its
    /// trails keep, since the backward pass recomputes what it reads of the body.
    /// </summary>
    public bool EliminateOverwrittenStores { get; init; } = true;

    /// <summary>
    /// A scan written with a checkpoint interval (<see cref="Ops.Scan(int, double, Func{double, int, double}, int)"/>)
    /// keeps every k-th state and recomputes segments in the backward pass, instead of keeping every state.
    /// Off, it is a plain scan. Either way the gradient is the same, bit for bit.
    /// </summary>
    public bool Checkpointing { get; init; } = true;

    /// <summary>
    /// Tests only: dead-store elimination treats an accumulation into an outer variable as removable — the bug
    /// that made <c>Grad.Of</c> return zero gradients for final sums. The differential harness turns it on to
    /// show that it catches that bug.
    /// </summary>
    internal bool LegacyAccumulationPurity { get; init; }

    /// <summary>
    /// Every optional pass, in pipeline order, with whether switching it off leaves results bit-identical.
    /// Sharing a stage (and a hoisted read is a shared stage) adds its contributions before multiplying by
    /// the partial, (g₁ + g₂)·∂ instead of g₁·∂ + g₂·∂, so those passes agree only to rounding.
    /// </summary>
    public static IReadOnlyList<GradientPass> Passes { get; } =
    [
        new(nameof(SquareAsProduct), IsExact: false),
        new(nameof(RecognizeSigmoid), IsExact: false),
        new(nameof(ShareSubexpressions), IsExact: false),
        new(nameof(ShareQuotientDivisions), IsExact: false),
        new(nameof(HoistInvariantReads), IsExact: false),
        new(nameof(Checkpointing), IsExact: true),
        new(nameof(HoistLoopInvariants), IsExact: false),
        new(nameof(FuseFinalSum), IsExact: false),
        new(nameof(FuseSumsIntoScans), IsExact: false),
        new(nameof(SkipZeroAdjointLoops), IsExact: false),
        new(nameof(VectorizeBatches), IsExact: false),
        new(nameof(RecomputeOnlyNeeded), IsExact: true),
        new(nameof(RecomputeLoopIndices), IsExact: true),
        new(nameof(FoldInvariantCarries), IsExact: true),
        new(nameof(TrailOnlyReadStates), IsExact: true),
        new(nameof(WriteArraysInPlace), IsExact: true),
        new(nameof(ReuseTrails), IsExact: true),
        new(nameof(StoreCostlyValues), IsExact: true),
        new(nameof(ReuseBuffers), IsExact: true),
        new(nameof(FuseProductEpilogues), IsExact: true),
        new(nameof(ReuseIntermediates), IsExact: true),
        new(nameof(InlineScalarOps), IsExact: true),
        new(nameof(CarryStatesInLocals), IsExact: true),
        new(nameof(FuseCrossEntropy), IsExact: true),
        new(nameof(BindTangentValues), IsExact: true),
        new(nameof(SplitLargeMethods), IsExact: true),
        new(nameof(CompileSplitPartsConcurrently), IsExact: true),
        new(nameof(CompileLargeMethodsInTiers), IsExact: true),
        new(nameof(FoldAlgebra), IsExact: true),
        new(nameof(EliminateDeadStores), IsExact: true),
        new(nameof(EliminateOverwrittenStores), IsExact: true),
    ];

    /// <summary>These options with one pass switched on or off.</summary>
    /// <param name="pass">One of <see cref="Passes"/>.</param>
    /// <param name="enabled">Whether the pass runs.</param>
    /// <exception cref="ArgumentException"><paramref name="pass"/> is not one of <see cref="Passes"/>.</exception>
    public GradientOptions With(GradientPass pass, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var property = typeof(GradientOptions).GetProperty(pass.Name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"'{pass.Name}' is not a pass of GradientOptions.", nameof(pass));
        var copy = this with { };
        property.SetValue(copy, enabled);
        return copy;
    }
}

/// <summary>One optional pass of the compiler, named after its switch in <see cref="GradientOptions"/>.</summary>
/// <param name="Name">The name of the switch, e.g. <c>FuseFinalSum</c>.</param>
/// <param name="IsExact">True when results are bit-identical with the pass off; false when the pass may
/// change the order of floating-point operations (results then agree to rounding).</param>
public sealed record GradientPass(string Name, bool IsExact);
