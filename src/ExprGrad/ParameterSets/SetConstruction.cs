using System.Linq.Expressions;
using System.Reflection;

namespace ExprGrad;

/// <summary>
/// How a gradient instance of a parameter set type is created: through the public constructor whose
/// parameters are named after members (a positional record's primary constructor; the one covering the most
/// members wins, a parameterless one covers none), then by assigning every other member that must be set.
/// Parameters, nested sets and arrays of sets must be covered by the constructor or be assignable (a field,
/// a <c>set</c> or <c>init</c> accessor); data members are copied from the differentiated instance where
/// the constructor takes them or they are assignable, and otherwise keep what the constructor gave them.
/// </summary>
internal sealed class SetConstruction
{
    private readonly ConstructorInfo constructor;
    private readonly SetMember[] constructorMembers;
    private readonly SetMember[] assignedMembers;

    private SetConstruction(ConstructorInfo constructor, SetMember[] constructorMembers, SetMember[] assignedMembers)
    {
        this.constructor = constructor;
        this.constructorMembers = constructorMembers;
        this.assignedMembers = assignedMembers;
    }

    /// <exception cref="NotSupportedException">No public constructor fits, or a member that needs a value can
    /// neither be passed to it nor assigned (named in the message).</exception>
    public static SetConstruction For(SetLayout layout)
    {
        var type = layout.Type;
        var best = type.GetConstructors()
            .Select(c => (Constructor: c, Members: Match(c, layout)))
            .Where(c => c.Members is not null)
            .OrderByDescending(c => c.Members!.Length)
            .FirstOrDefault();
        if (best.Constructor is null)
            throw new NotSupportedException(
                $"The parameter set type {type.Name} has no public constructor ExprGrad can call to create its gradient: give it a parameterless one, " +
                "or one whose parameters are named after its members, as a positional record's is.");
        var covered = best.Members!.ToHashSet();
        var rest = layout.Members.Where(m => !covered.Contains(m) && m.Kind != SetMemberKind.Computed).ToList();
        foreach (var m in rest)
            if (!m.CanWrite && m.Kind != SetMemberKind.Data)
                throw new NotSupportedException(
                    $"The member {m} can be neither passed to a public constructor of {type.Name} nor assigned, so ExprGrad cannot create a gradient " +
                    "instance holding its gradient: add a setter (set or init), make it a writable field, or add a constructor parameter named after it.");
        return new SetConstruction(best.Constructor, best.Members!, [.. rest.Where(m => m.CanWrite)]);
    }

    /// <summary>The members a constructor's parameters stand for (by name, ignoring case, and type), or null.</summary>
    private static SetMember[]? Match(ConstructorInfo constructor, SetLayout layout)
    {
        var parameters = constructor.GetParameters();
        var members = new SetMember[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var match = layout.Members.FirstOrDefault(m => m.Kind != SetMemberKind.Computed
                && string.Equals(m.Name, parameters[i].Name, StringComparison.OrdinalIgnoreCase) && parameters[i].ParameterType == m.Type);
            if (match is null || members.Contains(match)) return null;
            members[i] = match;
        }
        return members;
    }

    /// <summary>A new instance with each member's value from <paramref name="valueOf"/>: the constructor's
    /// arguments, then the assignments, each value computed once, in member order.</summary>
    public Expression New(Func<SetMember, Expression> valueOf)
    {
        var values = new Dictionary<SetMember, ParameterExpression>();
        var code = new List<Expression>();
        foreach (var m in constructorMembers.Concat(assignedMembers))
        {
            var v = Expression.Variable(m.Type, m.Name);
            values[m] = v;
            code.Add(Expression.Assign(v, valueOf(m)));
        }
        var instance = Expression.Variable(constructor.DeclaringType!, "instance");
        code.Add(Expression.Assign(instance, Expression.New(constructor, constructorMembers.Select(m => values[m]))));
        foreach (var m in assignedMembers) code.Add(Expression.Assign(m.Read(instance), values[m]));
        code.Add(instance);
        return Expression.Block([.. values.Values, instance], code);
    }
}
