using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// <see cref="GradientOptions.SplitLargeMethods"/>: a compiled program too large for the JIT to optimize — an
/// unrolled sum of a thousand terms is a method of 650 KB of IL, which the JIT compiles without optimizations
/// (every temporary on the stack, 1.9 MB of machine code) — is cut between its top-level statements into parts of
/// about <see cref="GradientOptions.MethodNodeBudget"/> nodes, each compiled as its own method, which the JIT
/// optimizes. A variable used by one part only stays a local of that part; one that crosses parts is stored at the end
/// of the part that assigns it into a <see cref="SplitFrame"/> reused across calls, and loaded at the start of a
/// later part that reads it. Arrays the program allocates with a constant length and reads only at constant indices
/// (the slots past a method's locals, <see cref="Slots"/>) become one variable per element first, so no such array
/// is allocated per call. The same operations in the same order: results are bit-identical.
/// </summary>
internal static class MethodSplitter
{
    /// <summary>
    /// Simplifies <paramref name="emitted"/> (<see cref="Simplifier"/>, then <paramref name="refine"/>) and splits it when
    /// it is too large; null when its fixed arrays were made variables but it could not be split, so the caller
    /// simplifies the program as emitted (a method can hold only 65,535 locals).
    /// </summary>
    public static LambdaExpression? Apply(LambdaExpression emitted, GradientOptions options, Func<LambdaExpression, LambdaExpression> refine)
    {
        if (emitted.Body is not BlockExpression emittedBody) return null;
        var (variables, statements) = FixedArrays.Scalarize(emittedBody.Variables, emittedBody.Expressions);
        bool scalarized = !ReferenceEquals(statements, emittedBody.Expressions);
        var program = refine(Simplifier.Run(scalarized
            ? Expression.Lambda(emitted.Type, Expression.Block(emittedBody.Type, variables, statements), emitted.Name, emitted.Parameters)
            : emitted, options));
        if (Splittable(program, options.MethodNodeBudget) is not { } infos) return scalarized ? null : program;
        if (options.CompileLargeMethodsInTiers && options.TierUpAtCall > 1 && ((BlockExpression)program.Body).Variables.Count <= MaxWholeVariables)
            return TieredMethod.Wrap(program, () => Split(program, infos, options.MethodNodeBudget, options.CompileSplitPartsConcurrently),
                options.TierUpAtCall);
        return Split(program, infos, options.MethodNodeBudget, options.CompileSplitPartsConcurrently) ?? (scalarized ? null : program);
    }

    /// <summary>The most variables a program compiled whole as a first tier may have: a method holds at most 65,535
    /// locals, and the compiler adds its own temporaries to the program's.</summary>
    private const int MaxWholeVariables = 30_000;

    /// <summary>What is known of the program's top-level statements, when it is large enough to split and can be.</summary>
    private static StatementInfo[]? Splittable(LambdaExpression program, int nodeBudget)
    {
        if (program.Body is not BlockExpression { Expressions.Count: > 2 } body) return null;
        var topLevel = body.Variables.ToHashSet();
        var infos = body.Expressions.Select(s => StatementInfo.Of(s, topLevel, program.Parameters)).ToArray();
        bool large = infos.Sum(i => i.Nodes) > 4 * nodeBudget || infos.Sum(i => i.References) > 2 * nodeBudget;
        return !large || infos.Any(i => i.Unsplittable) || SharesLabels(infos) ? null : infos;
    }

    /// <summary>The program split into parts, or null when a variable crossing parts has a type no frame holds.</summary>
    private static LambdaExpression? Split(LambdaExpression program, StatementInfo[] infos, int nodeBudget, bool concurrently)
    {
        var body = (BlockExpression)program.Body;

        var chunks = Partition(infos.AsSpan(0, infos.Length - 1), nodeBudget);
        var lastChunkOf = new Dictionary<ParameterExpression, int>();
        var firstChunkOf = new Dictionary<ParameterExpression, int>();
        for (int c = 0; c <= chunks.Count; c++)
            foreach (var v in Uses(c < chunks.Count ? chunks[c] : infos[^1..]))
            {
                firstChunkOf.TryAdd(v, c);
                lastChunkOf[v] = c;
            }
        var shared = firstChunkOf.Keys.Where(v => firstChunkOf[v] != lastChunkOf[v]).ToArray();
        if (shared.Any(v => Storage(v.Type) is null)) return null;
        var slots = new Dictionary<ParameterExpression, int>();
        var counts = new int[3];
        foreach (var v in shared) slots[v] = counts[(int)Storage(v.Type)!]++;

        var pool = new SplitFramePool(counts[0], counts[1], counts[2]);
        var frameArrays = new[]
        {
            Expression.Parameter(typeof(double[]), "doubles"), Expression.Parameter(typeof(int[]), "ints"),
            Expression.Parameter(typeof(object[]), "references"),
        };
        var outer = new List<Expression>();
        var frame = Expression.Variable(typeof(SplitFrame), "frame");
        outer.Add(Expression.Assign(frame, Expression.Call(Expression.Constant(pool), nameof(SplitFramePool.Rent), null)));
        foreach (var (array, field) in frameArrays.Zip(new[] { nameof(SplitFrame.Doubles), nameof(SplitFrame.Ints), nameof(SplitFrame.References) }))
            outer.Add(Expression.Assign(array, Expression.Field(frame, field)));
        var partParameters = (ParameterExpression[])[.. frameArrays, .. program.Parameters];
        var partType = Expression.GetDelegateType([.. partParameters.Select(p => p.Type), typeof(void)]);
        var parts = new LambdaExpression[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
        {
            var code = Part(chunks[c], c, firstChunkOf, lastChunkOf, slots, frameArrays, out var locals);
            code.Add(Expression.Empty());
            parts[c] = Expression.Lambda(partType, Expression.Block(locals, code), $"{program.Name}_part{c}", partParameters);
        }
        foreach (var part in SplitParts.Compile(parts, concurrently))
            outer.Add(Expression.Invoke(Expression.Constant(part), partParameters));
        var tail = Part(infos[^1..], chunks.Count, firstChunkOf, lastChunkOf, slots, frameArrays, out var tailLocals);
        var result = Expression.Variable(body.Type == typeof(void) ? typeof(object) : body.Type, "result");
        var returnFrame = Expression.Call(Expression.Constant(pool), nameof(SplitFramePool.Return), null, frame);
        if (body.Type == typeof(void)) outer.AddRange([.. tail, returnFrame]);
        else outer.AddRange([.. tail.SkipLast(1), Expression.Assign(result, tail[^1]), returnFrame, result]);
        return Expression.Lambda(program.Type, Expression.Block(body.Type, [.. tailLocals, .. frameArrays, frame, result], outer),
            program.Name, program.Parameters);
    }

    /// <summary>Consecutive statements in parts of about <paramref name="nodeBudget"/> nodes each.</summary>
    private static List<StatementInfo[]> Partition(ReadOnlySpan<StatementInfo> infos, int nodeBudget)
    {
        var chunks = new List<StatementInfo[]>();
        var current = new List<StatementInfo>();
        int nodes = 0;
        foreach (var info in infos)
        {
            if (current.Count > 0 && nodes + info.Nodes > nodeBudget)
            {
                chunks.Add([.. current]);
                (current, nodes) = ([], 0);
            }
            current.Add(info);
            nodes += info.Nodes;
        }
        if (current.Count > 0) chunks.Add([.. current]);
        return chunks;
    }

    /// <summary>
    /// One part's statements with its crossing variables loaded just before their first use in it — those a part before
    /// it assigned, unless that use assigns one outright — and stored just after the part's last assignment of one a later
    /// part uses, while it is still in a register. A read of each frame array's highest element used comes first: the
    /// JIT drops the bounds checks of the lower constant indices after it.
    /// </summary>
    private static List<Expression> Part(StatementInfo[] chunk, int c, Dictionary<ParameterExpression, int> firstChunkOf,
        Dictionary<ParameterExpression, int> lastChunkOf, Dictionary<ParameterExpression, int> slots,
        ParameterExpression[] frameArrays, out List<ParameterExpression> locals)
    {
        locals = [.. Uses(chunk)];
        var before = new List<Expression>[chunk.Length + 1];
        var after = new List<Expression>[chunk.Length];
        var highest = new int[frameArrays.Length];
        Array.Fill(highest, -1);
        void Add(List<Expression>[] at, int i, Expression e, ParameterExpression v)
        {
            (at[i] ??= []).Add(e);
            int storage = (int)Storage(v.Type)!;
            highest[storage] = Math.Max(highest[storage], slots[v]);
        }
        var seen = new HashSet<ParameterExpression>();
        for (int i = 0; i < chunk.Length; i++)
            foreach (var v in chunk[i].Uses)
                if (seen.Add(v) && firstChunkOf[v] < c && chunk[i].Defines != v)
                    Add(before, i, Expression.Assign(v, Element(v, slots[v], frameArrays)), v);
        // Each statement's assignments indexed once: searching the part for every crossing variable was quadratic in its size.
        var lastAssigned = new Dictionary<ParameterExpression, int>();
        for (int i = 0; i < chunk.Length; i++)
            foreach (var v in chunk[i].Assigned) lastAssigned[v] = i;
        foreach (var v in locals.Where(v => lastChunkOf[v] > c))
        {
            int last = lastAssigned.GetValueOrDefault(v, -1);
            // A variable this part only reads, first, still hands its default value on.
            if (last >= 0 || firstChunkOf[v] == c)
                Add(last >= 0 ? after : before, Math.Max(last, 0), Expression.Assign(Slot(v, slots[v], frameArrays), Convert(v)), v);
        }
        var code = new List<Expression>();
        for (int k = 0; k < frameArrays.Length; k++)
            if (highest[k] >= 0) code.Add(Expression.ArrayIndex(frameArrays[k], Expression.Constant(highest[k])));
        for (int i = 0; i < chunk.Length; i++)
        {
            code.AddRange(before[i] ?? []);
            code.Add(chunk[i].Statement);
            code.AddRange(after[i] ?? []);
        }
        return code;
    }

    private static Expression Element(ParameterExpression v, int slot, ParameterExpression[] frameArrays)
    {
        var element = Slot(v, slot, frameArrays);
        return element.Type == v.Type ? element : Expression.Convert(element, v.Type);
    }

    private static IndexExpression Slot(ParameterExpression v, int slot, ParameterExpression[] frameArrays) =>
        Expression.ArrayAccess(frameArrays[(int)Storage(v.Type)!], Expression.Constant(slot));

    private static Expression Convert(ParameterExpression v) => Storage(v.Type) == 2 ? Expression.Convert(v, typeof(object)) : v;

    /// <summary>Which frame array holds a variable of this type: doubles, ints, references; null for other value types.</summary>
    private static int? Storage(Type type) =>
        type == typeof(double) ? 0 : type == typeof(int) ? 1 : !type.IsValueType ? 2 : null;

    private static IEnumerable<ParameterExpression> Uses(IEnumerable<StatementInfo> chunk) => chunk.SelectMany(i => i.Uses).Distinct();

    /// <summary>A jump from one statement to a label in another would leave its method: such programs stay whole.</summary>
    private static bool SharesLabels(StatementInfo[] infos)
    {
        var seen = new HashSet<LabelTarget>();
        foreach (var info in infos)
            foreach (var label in info.Labels)
                if (!seen.Add(label)) return true;
        return false;
    }
}
