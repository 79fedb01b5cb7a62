/// The input type of a quotation (float, float[], float[,], float list or a tuple of them) and the LINQ code that moves
/// between its F# form (System.Tuple) and the core's delegate form (one parameter each, ValueTuple results).
module internal ExprGrad.FSharp.InputShape

open System
open System.Linq.Expressions
open Microsoft.FSharp.Reflection

let private isTensor (t: Type) = t = typeof<float> || t = typeof<float[]> || t = typeof<float[,]> || t = typeof<float list>

/// A record of parameters (floats, arrays, nested records…) reaches the core whole, as a parameter set, which
/// checks its members and builds the gradient record through the record's constructor.
let private isMember (t: Type) = isTensor t || FSharpType.IsRecord(t)

/// A float list reaches the core as a float[]; everything else as itself.
let coreType (t: Type) = if t = typeof<float list> then typeof<float[]> else t

/// The input's members in F# (the input itself, or each element of a tuple input, at most 8, the core's
/// largest arity): float, float[], float[,], float list or a record of parameters.
let memberTypes (input: Type) : Type[] =
    let reject () =
        raise (ArgumentException(
            $"The quotation's input must be float, float[], float[,], float list, a record of parameters or a tuple of up to 8 of them; it is {input}.", "f"))
    if isMember input then [| input |]
    elif FSharpType.IsTuple input && not input.IsValueType then
        let elements = FSharpType.GetTupleElements input
        if elements.Length <= 8 && Array.forall isMember elements then elements else reject ()
    else reject ()

/// The parameter types the core sees.
let parameterTypes (input: Type) : Type[] = memberTypes input |> Array.map coreType

let private listToArray = typeof<list<float>>.Assembly.GetType("Microsoft.FSharp.Collections.ListModule").GetMethod("ToArray").MakeGenericMethod(typeof<float>)
let private arrayToList = typeof<list<float>>.Assembly.GetType("Microsoft.FSharp.Collections.ListModule").GetMethod("OfArray").MakeGenericMethod(typeof<float>)

/// A member in the core's form (a list as an array) and back.
let toCore (e: Expression) : Expression = if e.Type = typeof<float list> then Expression.Call(listToArray, e) :> Expression else e
let ofCore (fsharpType: Type) (e: Expression) : Expression =
    if fsharpType = typeof<float list> then Expression.Call(arrayToList, e) :> Expression else e

/// Element i of a tuple value: System.Tuple and ValueTuple both nest from the 8th element on in `Rest`.
let rec item (tuple: Expression) (i: int) : Expression =
    let member' name = Expression.PropertyOrField(tuple, name) :> Expression
    if i < 7 then member' $"Item{i + 1}" else item (member' "Rest") (i - 7)

/// A new value of the System.Tuple type `t` from its elements, nesting `Rest` past 7.
let rec newTuple (t: Type) (items: Expression list) : Expression =
    let ctor = t.GetConstructors() |> Array.exactlyOne
    let ps = ctor.GetParameters()
    if ps.Length = 8 then
        let head = List.take 7 items
        Expression.New(ctor, head @ [ newTuple ps[7].ParameterType (List.skip 7 items) ]) :> Expression
    else Expression.New(ctor, items) :> Expression

/// The core's parameters read from the F# input: the value itself, or each tuple element.
let arguments (input: Expression) (count: int) : Expression list =
    (if count = 1 && not (FSharpType.IsTuple input.Type) then [ input ] else List.init count (item input)) |> List.map toCore

/// The core's gradient (the adjoint itself, or a ValueTuple of adjoints) in the input's F# type.
let toInputForm (inputType: Type) (count: int) (gradient: Expression) : Expression =
    if not (FSharpType.IsTuple inputType) then ofCore inputType gradient
    else
        let g = Expression.Variable(gradient.Type, "gradient")
        let members = memberTypes inputType
        Expression.Block(
            [ g ],
            Expression.Assign(g, gradient) :> Expression,
            newTuple inputType (List.init count (fun i -> ofCore members[i] (item g i)))) :> Expression
